import { type ReactNode, useEffect, useRef } from 'react';

/**
 * The NHS.UK success banner: announced, and it takes focus when it appears. `titleId` labels it; give
 * it a new `key` for each success so that a second success, while one shows, takes focus too.
 */
export function SuccessBanner({
  titleId,
  titleLevel = 2,
  children,
}: {
  titleId: string;
  titleLevel?: 2 | 3;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const Title = titleLevel === 2 ? 'h2' : 'h3';
  return (
    <div
      className="nhsuk-notification-banner nhsuk-notification-banner--success"
      role="alert"
      aria-labelledby={titleId}
      tabIndex={-1}
      ref={ref}
    >
      <div className="nhsuk-notification-banner__header">
        <Title className="nhsuk-notification-banner__title" id={titleId}>
          Success
        </Title>
      </div>
      <div className="nhsuk-notification-banner__content">{children}</div>
    </div>
  );
}
