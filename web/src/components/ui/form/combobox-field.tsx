import { useState } from 'react';
import { useController, type FieldValues, type Path } from 'react-hook-form';
import { ComboboxField, type ComboboxFieldProps, type ComboboxOption } from '../Combobox';
import { useFieldError } from './fields';

type FormComboboxFieldProps<T extends FieldValues> = Omit<
  ComboboxFieldProps,
  'name' | 'value' | 'valueLabel' | 'onChoose' | 'error' | 'onBlur' | 'ref'
> & { name: Path<T> };

/**
 * A searching choice bound to the form: its value is the chosen option's, and the box shows that option's label
 * (remembered here, since the options change with every search).
 */
export function FormComboboxField<T extends FieldValues>({ name, label, options, ...rest }: FormComboboxFieldProps<T>) {
  const { field } = useController<T>({ name });
  const value = String(field.value ?? '');
  const [chosen, setChosen] = useState<ComboboxOption | undefined>(() => options.find((o) => o.value === value));
  return (
    <ComboboxField
      {...rest}
      label={label}
      options={options}
      error={useFieldError(name, label)}
      name={field.name}
      ref={field.ref}
      onBlur={field.onBlur}
      value={value}
      valueLabel={chosen?.value === value ? chosen.label : (options.find((o) => o.value === value)?.label ?? '')}
      onChoose={(option) => {
        setChosen(option);
        field.onChange(option.value);
      }}
    />
  );
}
