import { z } from 'zod';
import { MAX_PROJECTS } from './projects';

/** The forms' Projects field: the chosen ids, at most as many as the server allows. */
export const projectsFieldSchema = z.array(z.string()).max(MAX_PROJECTS, `Choose at most ${MAX_PROJECTS} projects.`);
