// The pieces the pages are built of, over src/presentation (the same data the level-0 templates render).
// Plain components, no hooks: the server components and the forms' client components both use them.
import type { ReactNode } from "react";

export type Cell = { text: string; url?: string | null; kind?: string };

// One input of a form, as src/presentation's formFields() describes it (value and errors included).
export type FormField = {
  name: string;
  kind: string;
  label: string;
  required?: boolean;
  inputType: string;
  maxLength?: number;
  step?: string;
  value: unknown;
  options: [unknown, string][] | null;
  // Said under the input (a ref field whose pk is typed: "The id of the author.").
  help?: string | null;
  errors: string[];
};

export function CellValue({ cell }: { cell: Cell }): ReactNode {
  if (cell.url) return <a href={cell.url}>{cell.text}</a>;
  return <span className={`cell-${cell.kind || "text"}`}>{cell.text}</span>;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value);
}

// A form's inputs, named after the entity's fields, with their values and, under each, its errors.
export function Fields({ fields }: { fields: FormField[] }): ReactNode {
  return fields.map((field) => {
    const id = `id_${field.name}`;
    const invalid = field.errors.length ? " is-invalid" : "";
    const errors = field.errors.map((error) => (
      <div className="invalid-feedback d-block" key={error}>
        {error}
      </div>
    ));
    if (field.kind === "bool") {
      return (
        <div className="form-check mb-3" key={field.name}>
          <input
            className={`form-check-input${invalid}`}
            type="checkbox"
            name={field.name}
            id={id}
            defaultChecked={Boolean(field.value)}
          />
          <label className="form-check-label" htmlFor={id}>
            {field.label}
          </label>
          {errors}
        </div>
      );
    }
    let control: ReactNode;
    if (field.options) {
      control = (
        <select className={`form-select${invalid}`} name={field.name} id={id} defaultValue={text(field.value)}>
          {!field.required || field.kind === "ref" ? <option value="">---------</option> : null}
          {field.options.map(([value, label]) => (
            <option key={text(value)} value={text(value)}>
              {label}
            </option>
          ))}
        </select>
      );
    } else if (field.kind === "text") {
      control = (
        <textarea
          className={`form-control${invalid}`}
          name={field.name}
          id={id}
          rows={5}
          defaultValue={text(field.value)}
        />
      );
    } else {
      control = (
        <input
          className={`form-control${invalid}`}
          type={field.inputType}
          name={field.name}
          id={id}
          defaultValue={text(field.value)}
          maxLength={field.maxLength}
          step={field.step}
        />
      );
    }
    return (
      <div className="mb-3" key={field.name}>
        <label className="form-label" htmlFor={id}>
          {field.label}
          {field.required ? (
            <span className="text-danger" title="required">
              {" "}
              *
            </span>
          ) : null}
        </label>
        {control}
        {field.help ? <div className="form-text">{field.help}</div> : null}
        {errors}
      </div>
    );
  });
}
