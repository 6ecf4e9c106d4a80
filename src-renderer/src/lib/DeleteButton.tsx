import type { ReactElement } from 'react';

/**
 * The small red Delete button of a list row: asks `question` first and calls `onDelete` only on yes. The
 * click stays on the button (a row that selects on click is not selected by it).
 */
export function DeleteButton({ question, onDelete, disabled, testId }: { question: string | (() => string); onDelete: () => unknown; disabled?: boolean; testId?: string }): ReactElement {
  return (
    <button
      type="button"
      className="btn small danger"
      disabled={disabled}
      data-testid={testId}
      onClick={(e) => {
        e.stopPropagation();
        if (window.confirm(typeof question === 'function' ? question() : question)) void onDelete();
      }}
    >
      Delete
    </button>
  );
}
