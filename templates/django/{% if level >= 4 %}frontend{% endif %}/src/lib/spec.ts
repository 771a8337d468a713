// The project and its entities, as the entity spec describes them (project.json, written by Copier).
import project from "./project.json" with { type: "json" };

export type Kind =
  | "str"
  | "text"
  | "email"
  | "url"
  | "int"
  | "float"
  | "decimal"
  | "bool"
  | "date"
  | "datetime"
  | "enum"
  | "ref"
  | "uuid";

export interface Field {
  name: string;
  kind: Kind;
  required: boolean;
  unique: boolean;
  editable: boolean;
  max_length: number | null;
  max_digits: number | null;
  decimal_places: number | null;
  choices: string[];
  default: string | number | boolean | null;
  has_default: boolean;
  target: string | null;
}

export interface Entity {
  name: string;
  plural: string;
  /** The entity's name in the background jobs' URLs (/jobs/export/<snake>/). */
  snake: string;
  verbose_plural: string;
  label: string;
  pk: { name: string; kind: string };
  search: string[];
  fields: Field[];
}

export type Row = Record<string, unknown>;

export const PROJECT_NAME: string = project.name;
export const ENTITIES = project.entities as Entity[];

export function entityByPlural(plural: string | undefined): Entity | undefined {
  return ENTITIES.find((e) => e.plural === plural);
}

export function entityByName(name: string | null): Entity | undefined {
  return ENTITIES.find((e) => e.name === name);
}

export function editableFields(entity: Entity): Field[] {
  return entity.fields.filter((f) => f.editable);
}

/** What a row is called on its pages: its label field, else its key. */
export function rowLabel(entity: Entity, row: Row): string {
  const value = row[entity.label] ?? row[entity.pk.name];
  return value === null || value === undefined ? "" : String(value);
}
