// The pieces every page is built of, over src/presentation.js (the same data the level-0 templates render).
import { cookies } from "next/headers";

export function CellValue({ cell }) {
  if (cell.url) return <a href={cell.url}>{cell.text}</a>;
  return <span className={`cell-${cell.kind || "text"}`}>{cell.text}</span>;
}

// A form's inputs, named after the entity's fields, with their values and errors.
export function Fields({ fields }) {
  return fields.map((field) => {
    const id = `id_${field.name}`;
    const invalid = field.errors.length ? " is-invalid" : "";
    const errors = field.errors.map((error) => (
      <div className="invalid-feedback d-block" key={error}>{error}</div>
    ));
    if (field.kind === "bool") {
      return (
        <div className="form-check mb-3" key={field.name}>
          <input className={`form-check-input${invalid}`} type="checkbox" name={field.name} id={id} defaultChecked={Boolean(field.value)} />
          <label className="form-check-label" htmlFor={id}>{field.label}</label>
          {errors}
        </div>
      );
    }
    let control;
    if (field.options) {
      control = (
        <select className={`form-select${invalid}`} name={field.name} id={id} defaultValue={String(field.value ?? "")}>
          {!field.required || field.kind === "ref" ? <option value="">---------</option> : null}
          {field.options.map(([value, text]) => (
            <option key={String(value)} value={String(value)}>{text}</option>
          ))}
        </select>
      );
    } else if (field.kind === "text") {
      control = <textarea className={`form-control${invalid}`} name={field.name} id={id} rows={5} defaultValue={field.value} />;
    } else {
      control = (
        <input className={`form-control${invalid}`} type={field.inputType} name={field.name} id={id} defaultValue={field.value}
          maxLength={field.maxLength} step={field.step} />
      );
    }
    return (
      <div className="mb-3" key={field.name}>
        <label className="form-label" htmlFor={id}>
          {field.label}{field.required ? <span className="text-danger" title="required"> *</span> : null}
        </label>
        {control}
        {errors}
      </div>
    );
  });
}

// What a failed form post left for the form it came from (values and errors; see submit/*/route.js).
export async function formState(path) {
  const raw = (await cookies()).get("form_state")?.value;
  if (!raw) return null;
  try {
    const state = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    return state.path === path ? state : null;
  } catch {
    return null;
  }
}
