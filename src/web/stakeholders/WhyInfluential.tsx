import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { apiUrl } from '../lib/api.ts';
import { formatDate } from '../lib/format.ts';
import { useApi } from '../lib/useApi.ts';
import { type ExplanationData, ReasonsTable, rankSentence } from './Reasons.tsx';

/**
 * "Why influential": a person's influence across the whole country, explained by the seats and ties it
 * comes from, each with its share; for the person page.
 */
export function WhyInfluential({ personId, name }: { personId: number; name: string }) {
  const state = useApi<ExplanationData>(apiUrl(`/analysis/explain/person:${personId}`));
  return (
    <section aria-labelledby="why-influential-heading">
      <h2 id="why-influential-heading">Why influential</h2>
      {state.status === 'loading' && <Loading what="Working out their influence" />}
      {state.status === 'error' && (
        <p className="nhsuk-body">
          Their influence cannot be shown: {state.error.detail || state.error.title}
        </p>
      )}
      {state.status === 'ok' && <Why explanation={state.data} name={name} />}
    </section>
  );
}

function Why({ explanation, name }: { explanation: ExplanationData; name: string }) {
  return (
    <>
      <p className="nhsuk-body">
        {rankSentence(explanation)} Computed on {formatDate(explanation.as_at)} from the posts, network seats
        and ties recorded. <Link href="/stakeholders">Open the stakeholder map</Link>.
      </p>
      <ReasonsTable explanation={explanation} caption={`What ${name}’s influence comes from`} />
    </>
  );
}
