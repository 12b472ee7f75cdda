import { Options, Select } from "./field";

/** A compact filter dropdown whose empty option reads "Any <label>"; the label stays for screen readers. */
export function FilterSelect({ id, label, value, onChange, options }: { id: string; label: string; value?: string; onChange: (value: string) => void; options: { value: string; label: string }[] }) {
  return (
    <div>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <Select id={id} value={value ?? ""} onChange={(e) => onChange(e.target.value)}>
        <option value="">{`Any ${/^[A-Z]+$/.test(label) ? label : label.toLowerCase()}`}</option>
        <Options options={options} />
      </Select>
    </div>
  );
}
