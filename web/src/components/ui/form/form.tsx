import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, type ReactNode } from 'react';
import {
  FormProvider,
  useForm,
  type FieldValues,
  type SubmitHandler,
  type UseFormProps,
  type UseFormReturn,
} from 'react-hook-form';
import type { z } from 'zod';
import { errorMessage } from '../../../lib/api-client';
import { ErrorAlert } from '../Feedback';
import { serverFieldErrors } from './server-errors';

/**
 * A form whose values are checked by a zod schema, normally built from the rules the server checks with
 * (@tessera/rules): the submit handler receives the schema's output (trimmed, lower-cased …). Errors show from the
 * first submit on, and each clears as soon as its field is fixed.
 */
export function useZodForm<In extends FieldValues, Out extends FieldValues>(
  schema: z.ZodType<Out, In>,
  options?: Omit<UseFormProps<In, unknown, Out>, 'resolver'>,
): UseFormReturn<In, unknown, Out> {
  return useForm<In, unknown, Out>({ ...options, resolver: zodResolver(schema) });
}

export interface FormProps<In extends FieldValues, Out extends FieldValues> {
  form: UseFormReturn<In, unknown, Out>;
  /** Runs only with valid values; otherwise the first invalid field gets focus. */
  onSubmit: SubmitHandler<Out>;
  children: ReactNode;
  'aria-label'?: string;
}

/** The form element with its fields' context: the Form* fields inside find their value, rules and error here. */
export function Form<In extends FieldValues, Out extends FieldValues>({
  form,
  onSubmit,
  children,
  ...rest
}: FormProps<In, Out>) {
  return (
    <FormProvider {...form}>
      <form className="form" noValidate onSubmit={(e) => void form.handleSubmit(onSubmit)(e)} {...rest}>
        {children}
      </form>
    </FormProvider>
  );
}

/** A failed submit's message, unless its field errors are already shown on the fields (applyServerErrors). */
export function FormAlert<In extends FieldValues, Out extends FieldValues>({
  form,
  error,
  focus,
}: {
  form: UseFormReturn<In, unknown, Out>;
  error: unknown;
  /** Move focus to the message each time a submit fails (sign-in: no field is to blame, so the message is next). */
  focus?: boolean;
}) {
  const alert = useRef<HTMLDivElement>(null);
  const shown = Boolean(error) && serverFieldErrors(form, error).length === 0;
  useEffect(() => {
    if (focus && shown) alert.current?.focus();
  }, [focus, shown, error]);
  if (!shown) return null;
  return <ErrorAlert ref={focus ? alert : undefined}>{errorMessage(error)}</ErrorAlert>;
}
