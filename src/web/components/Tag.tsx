import type { ReactNode } from 'react';

export type TagColour =
  | 'white'
  | 'grey'
  | 'green'
  | 'aqua-green'
  | 'blue'
  | 'purple'
  | 'pink'
  | 'red'
  | 'orange'
  | 'yellow';

/** An NHS.UK tag; its words carry the meaning, the colour only repeats it. */
export function Tag({ colour, children }: { colour?: TagColour; children: ReactNode }) {
  return <strong className={colour ? `nhsuk-tag nhsuk-tag--${colour}` : 'nhsuk-tag'}>{children}</strong>;
}

export interface Flags {
  status?: string | null;
  confidence?: string | null;
  derived?: boolean | null;
}

/** The tags that qualify a record: closed or not yet open, likely (not confirmed), derived. */
export function StatusTags({ status, confidence, derived }: Flags) {
  const tags: ReactNode[] = [];
  if (status === 'closed')
    tags.push(
      <Tag key="closed" colour="grey">
        Closed
      </Tag>,
    );
  if (status === 'not_yet_open')
    tags.push(
      <Tag key="future" colour="blue">
        Not yet open
      </Tag>,
    );
  if (status === 'uncertain')
    tags.push(
      <Tag key="uncertain" colour="orange">
        Status uncertain
      </Tag>,
    );
  if (confidence === 'likely')
    tags.push(
      <Tag key="likely" colour="yellow">
        Likely
      </Tag>,
    );
  if (derived)
    tags.push(
      <Tag key="derived" colour="purple">
        Derived
      </Tag>,
    );
  if (tags.length === 0) return null;
  return <span className="app-tags">{tags}</span>;
}
