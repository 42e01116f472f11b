import { roleLabel, type Role } from '../lib/roles';

interface RoleSelectProps<R extends Role> {
  id: string;
  label: string;
  value: R;
  options: readonly R[];
  onChange: (role: R) => void;
  hint: string;
}

/** A labelled role picker offering only the roles the caller may grant. */
export function RoleSelect<R extends Role>({ id, label, value, options, onChange, hint }: RoleSelectProps<R>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as R)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {roleLabel(option)}
          </option>
        ))}
      </select>
      <p className="field-hint">{hint}</p>
    </div>
  );
}
