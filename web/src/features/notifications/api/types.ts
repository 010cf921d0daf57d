import type { components } from '../../../lib/api-types';

type Schemas = components['schemas'];

export type Notification = Schemas['Notification'];
export type NotificationPage = Schemas['NotificationPage'];
