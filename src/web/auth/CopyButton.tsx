import { useState } from 'react';

/**
 * A button that copies `text` to the clipboard and says so in a polite live region. `what` names the
 * thing copied, for the button's accessible name ("Copy the invitation link").
 */
export function CopyButton({ text, what }: { text: string; what: string }) {
  const [said, setSaid] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setSaid(`Copied the ${what}.`);
    } catch {
      setSaid(`Could not copy: select the ${what} and copy it yourself.`);
    }
  };
  return (
    <div className="app-copy">
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small app-copy__button"
        onClick={copy}
      >
        Copy<span className="nhsuk-u-visually-hidden"> the {what}</span>
      </button>
      <span className="app-copy__status" role="status">
        {said}
      </span>
    </div>
  );
}
