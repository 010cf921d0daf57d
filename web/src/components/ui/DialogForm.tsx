import type { FieldValues } from 'react-hook-form';
import { Button } from './Button';
import { DialogFooter } from './Dialog';
import { Form, FormAlert, type FormProps } from './form';

export interface DialogFormProps<In extends FieldValues, Out extends FieldValues> extends FormProps<In, Out> {
  /** The request the form sends: its failure is shown above the footer, and Submit is busy while it runs. */
  mutation: { error: unknown; isPending: boolean };
  submitLabel: string;
}

/**
 * A form in a dialog: its fields, the failed submit's alert, then Cancel and the primary submit button. Not exported
 * from ./form, so the sign-in page's forms do not bring Radix Dialog with them.
 */
export function DialogForm<In extends FieldValues, Out extends FieldValues>({
  form,
  mutation,
  submitLabel,
  children,
  ...rest
}: DialogFormProps<In, Out>) {
  return (
    <Form form={form} {...rest}>
      {children}
      <FormAlert form={form} error={mutation.error} />
      <DialogFooter>
        <Button type="submit" variant="primary" busy={mutation.isPending}>
          {submitLabel}
        </Button>
      </DialogFooter>
    </Form>
  );
}
