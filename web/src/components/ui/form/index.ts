// Forms on react-hook-form with zod schemas (bulletproof-react's components/ui/form): one way to label, validate,
// show the server's field errors and focus the first invalid field.
export { Form, FormAlert, useZodForm, type FormProps } from './form';
export {
  FormCheckboxField,
  FormRadioGroup,
  FormSelectField,
  FormTextField,
  useFieldError,
  type RadioOption,
} from './fields';
export { FormComboboxField } from './combobox-field';
export { applyServerErrors } from './server-errors';
