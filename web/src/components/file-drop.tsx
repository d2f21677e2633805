/**
 * A drop zone for one spreadsheet: drag and drop, or click / Enter / Space to browse.
 */
import { Text } from '@mantine/core';
import { useId, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';

export const ACCEPTED_FILES = '.xlsx,.csv';

export function FileDrop(props: {
  label: string;
  hint?: string;
  onFile: (file: File) => void;
  disabled?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [active, setActive] = useState(false);
  const hintId = useId();
  const open = () => {
    if (props.disabled !== true) input.current?.click();
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setActive(false);
    const file = event.dataTransfer.files[0];
    if (file !== undefined && props.disabled !== true) props.onFile(file);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open();
    }
  };
  return (
    <div
      className="dropzone"
      role="button"
      tabIndex={props.disabled === true ? -1 : 0}
      aria-label={props.label}
      aria-describedby={hintId}
      aria-disabled={props.disabled === true}
      data-active={active}
      onClick={open}
      onKeyDown={onKeyDown}
      onDragOver={(event) => {
        event.preventDefault();
        setActive(true);
      }}
      onDragLeave={() => {
        setActive(false);
      }}
      onDrop={onDrop}
    >
      <Text fw={600}>{props.label}</Text>
      <Text size="sm" c="dimmed" id={hintId}>
        {props.hint ?? 'Drop an .xlsx or .csv file here, or click to choose one.'}
      </Text>
      <input
        ref={input}
        type="file"
        accept={ACCEPTED_FILES}
        hidden
        data-testid="file-input"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file !== undefined) props.onFile(file);
          event.currentTarget.value = '';
        }}
      />
    </div>
  );
}
