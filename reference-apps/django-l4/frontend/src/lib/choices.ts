import { apiGet, apiPath, type Context } from "./api.ts";
import { entityByName, rowLabel, type Entity, type Row } from "./spec.ts";

export interface Choice {
  value: string;
  label: string;
}

// A ref field's select lists the newest rows of the entity it refers to (the current value always among them).
const CHOICE_PAGES = 5;

async function choicesOf(context: Context, target: Entity): Promise<Choice[]> {
  const choices: Choice[] = [];
  for (let page = 1; page <= CHOICE_PAGES; page++) {
    const answer = await apiGet(context, apiPath(target.plural), { page: String(page) });
    if (answer.status !== 200) break;
    const { results, next } = answer.body as { results: Row[]; next: string | null };
    choices.push(...results.map((row) => ({ value: String(row[target.pk.name]), label: rowLabel(target, row) })));
    if (!next) break;
  }
  return choices;
}

/** The choices of every ref field of `entity`, by field name. */
export async function refChoices(context: Context, entity: Entity): Promise<Record<string, Choice[]>> {
  const pairs = await Promise.all(
    entity.fields
      .filter((f) => f.kind === "ref" && f.editable)
      .map(async (f) => {
        const target = entityByName(f.target);
        return [f.name, target ? await choicesOf(context, target) : []] as const;
      }),
  );
  return Object.fromEntries(pairs);
}
