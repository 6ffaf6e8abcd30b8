import './auth/account.css';
import { useEffect, useRef } from 'react';
import { InvitationPage } from './auth/InvitationPage.tsx';
import { SecondFactorPage } from './auth/SecondFactorPage.tsx';
import { SecondFactorSetupPage } from './auth/SecondFactorSetupPage.tsx';
import { SetupPage } from './auth/SetupPage.tsx';
import { SignInPage } from './auth/SignInPage.tsx';
import { useDataGeneration } from './auth/session.ts';
import { TokensPage } from './auth/TokensPage.tsx';
import { Layout, type Section } from './components/Layout.tsx';
import { NotFoundPage } from './components/NotFoundPage.tsx';
import { LsoaPage } from './geography/LsoaPage.tsx';
import { MapPage } from './geography/MapPage.tsx';
import { HomePage } from './home/HomePage.tsx';
import { ImportPage } from './imports/ImportPage.tsx';
import { ImportsPage } from './imports/ImportsPage.tsx';
import { useLocation } from './lib/router.ts';
import { matchRoute, type Route } from './lib/routes.ts';
import { NetworkPage } from './networks/NetworkPage.tsx';
import { NetworksPage } from './networks/NetworksPage.tsx';
import { OrganisationPage } from './organisations/OrganisationPage.tsx';
import { FreshnessPage } from './people/FreshnessPage.tsx';
import { PeopleImportPage } from './people/PeopleImportPage.tsx';
import { PeoplePage } from './people/PeoplePage.tsx';
import { PersonEditPage, PersonNewPage } from './people/PersonFormPage.tsx';
import { PersonPage } from './people/PersonPage.tsx';
import { SubjectAccessPage } from './people/SubjectAccessPage.tsx';
import { PersonaPage } from './personas/PersonaPage.tsx';
import { PersonasPage } from './personas/PersonasPage.tsx';
import { SearchPage } from './search/SearchPage.tsx';
import { StakeholdersPage } from './stakeholders/StakeholdersPage.tsx';
import { WeightsPage } from './stakeholders/WeightsPage.tsx';
import { AuditPage } from './workspace/AuditPage.tsx';
import { MembersPage } from './workspace/MembersPage.tsx';
import { SettingsPage } from './workspace/SettingsPage.tsx';

function sectionOf(route: Route): Section {
  switch (route.page) {
    case 'home':
    case 'organisation':
      return 'home';
    case 'networks':
    case 'network':
      return 'networks';
    case 'search':
      return 'search';
    case 'people':
    case 'person_new':
    case 'people_import':
    case 'people_freshness':
    case 'person':
    case 'person_edit':
    case 'person_subject_access':
      return 'people';
    case 'personas':
    case 'persona':
      return 'personas';
    case 'stakeholders':
    case 'stakeholder_weights':
      return 'stakeholders';
    case 'map':
    case 'lsoa':
      return 'map';
    case 'imports':
    case 'import':
      return 'imports';
    case 'workspace_members':
    case 'workspace_settings':
    case 'workspace_audit':
      return 'workspace';
    case 'account_second_factor':
    case 'account_tokens':
      return 'account';
    case 'sign_in':
    case 'second_factor':
    case 'setup':
    case 'invitation':
    case 'not_found':
      return null;
  }
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'search':
      return <SearchPage />;
    case 'organisation':
      return <OrganisationPage key={route.code} code={route.code} />;
    case 'networks':
      return <NetworksPage />;
    case 'network':
      return <NetworkPage key={route.code} code={route.code} />;
    case 'sign_in':
      return <SignInPage />;
    case 'second_factor':
      return <SecondFactorPage />;
    case 'setup':
      return <SetupPage />;
    case 'invitation':
      return <InvitationPage />;
    case 'account_second_factor':
      return <SecondFactorSetupPage />;
    case 'account_tokens':
      return <TokensPage />;
    case 'workspace_members':
      return <MembersPage />;
    case 'workspace_settings':
      return <SettingsPage />;
    case 'workspace_audit':
      return <AuditPage />;
    case 'imports':
      return <ImportsPage />;
    case 'import':
      return <ImportPage key={route.id} id={route.id} />;
    case 'map':
      return <MapPage />;
    case 'lsoa':
      return <LsoaPage key={route.code} code={route.code} />;
    case 'people':
      return <PeoplePage />;
    case 'person_new':
      return <PersonNewPage />;
    case 'people_import':
      return <PeopleImportPage />;
    case 'people_freshness':
      return <FreshnessPage />;
    case 'person':
      return <PersonPage key={route.id} id={route.id} />;
    case 'person_edit':
      return <PersonEditPage key={route.id} id={route.id} />;
    case 'person_subject_access':
      return <SubjectAccessPage key={route.id} id={route.id} />;
    case 'personas':
      return <PersonasPage />;
    case 'persona':
      return <PersonaPage key={route.code} code={route.code} />;
    case 'stakeholders':
      return <StakeholdersPage />;
    case 'stakeholder_weights':
      return <WeightsPage />;
    case 'not_found':
      return <NotFoundPage />;
  }
}

/** The whole app: one layout, the page for the current path, focus moved to the content on navigation. */
export function App() {
  const { pathname } = useLocation();
  const route = matchRoute(pathname);
  const previous = useRef(pathname);
  // Another workspace chosen: every page fetches its data again.
  const generation = useDataGeneration();

  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    // A new page: start at the top and put keyboard and screen reader focus at its content.
    window.scrollTo(0, 0);
    document.getElementById('maincontent')?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <Layout current={sectionOf(route)}>
      <Page key={generation} route={route} />
    </Layout>
  );
}
