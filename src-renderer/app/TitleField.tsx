/**
 * A title field, with its label for screen readers, that always shows the
 * whole title. The value is one line (Enter does nothing, pasted line breaks
 * become spaces), but the field wraps it onto as many lines as it needs,
 * where an <input> would scroll the end of a long title out of view. The
 * height follows the text through CSS `field-sizing: content` (Chromium 123+,
 * so every Electron we ship).
 */
import { useId, type ReactElement, type Ref } from 'react';

interface Props {
  /** The field's name for screen readers (the title itself says what it is to the eye). */
  readonly label: string;
  readonly className: string;
  readonly value: string;
  readonly readOnly: boolean;
  readonly onChange: (value: string) => void;
  readonly ref?: Ref<HTMLTextAreaElement>;
}

export function TitleField({ label, className, value, readOnly, onChange, ref }: Props): ReactElement {
  const id = useId();
  return (
    <>
      <label className="visually-hidden" htmlFor={id}>
        {label}
      </label>
      <textarea
        ref={ref}
        id={id}
        className={`title-field ${className}`}
        rows={1}
        value={value}
        readOnly={readOnly}
        spellCheck
        onKeyDown={(event) => {
          if (event.key === 'Enter') event.preventDefault();
        }}
        onChange={(event) => onChange(event.target.value.replace(/\s*[\r\n]+\s*/g, ' '))}
      />
    </>
  );
}
