import { useState } from 'react';
import type { z } from 'zod';
import { Button } from '../../../components/ui/Button';
import { Dialog } from '../../../components/ui/Dialog';
import { DialogForm } from '../../../components/ui/DialogForm';
import { FormRadioGroup, useZodForm } from '../../../components/ui/form';
import { toast } from '../../../components/ui/toast';
import { useGrantRole } from '../api/grant-role';
import type { Project, ProjectMember } from '../api/types';
import { ROLES, ROLE_HINTS, ROLE_LABELS, addMemberSchema } from './project-schemas';
import { UserPicker } from './UserPicker';

/** Add member: a user and a role, confirmed in a toast (or told that the user already held it). */
export function AddMemberDialog({ project, members }: { project: Project; members: ProjectMember[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        Add member
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title="Add member" size="lg">
        {open ? <AddMemberForm project={project} members={members} onDone={() => setOpen(false)} /> : null}
      </Dialog>
    </>
  );
}

function AddMemberForm({
  project,
  members,
  onDone,
}: {
  project: Project;
  members: ProjectMember[];
  onDone: () => void;
}) {
  const form = useZodForm(addMemberSchema, { defaultValues: { userId: '', role: 'member' } });
  const grant = useGrantRole();
  const [names] = useState(() => new Map<string, string>());
  const submit = ({ userId, role }: z.output<typeof addMemberSchema>) => {
    const held = members.find((m) => m.user.id === userId);
    grant.mutate(
      { projectId: project.id, userId, role },
      {
        onSuccess: () => {
          const who = names.get(userId) ?? held?.user.username ?? 'The user';
          toast.success(
            held?.roles.includes(role)
              ? `${who} already holds the ${ROLE_LABELS[role]} role in ${project.name}.`
              : held
                ? `Granted ${who} the ${ROLE_LABELS[role]} role in ${project.name}.`
                : `Added ${who} to ${project.name} with the ${ROLE_LABELS[role]} role.`,
          );
          onDone();
        },
      },
    );
  };
  return (
    <DialogForm form={form} onSubmit={submit} mutation={grant} submitLabel="Add member">
      <UserPicker names={names} />
      <FormRadioGroup<z.input<typeof addMemberSchema>>
        name="role"
        legend="Role"
        options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r], hint: ROLE_HINTS[r] }))}
      />
    </DialogForm>
  );
}
