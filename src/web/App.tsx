import { useEffect, useRef } from 'react';
import { Layout, type Section } from './components/Layout.tsx';
import { NotFoundPage } from './components/NotFoundPage.tsx';
import { HomePage } from './home/HomePage.tsx';
import { useLocation } from './lib/router.ts';
import { matchRoute, type Route } from './lib/routes.ts';
import { NetworkPage } from './networks/NetworkPage.tsx';
import { NetworksPage } from './networks/NetworksPage.tsx';
import { OrganisationPage } from './organisations/OrganisationPage.tsx';
import { SearchPage } from './search/SearchPage.tsx';

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
    case 'not_found':
      return <NotFoundPage />;
  }
}

/** The whole app: one layout, the page for the current path, focus moved to the content on navigation. */
export function App() {
  const { pathname } = useLocation();
  const route = matchRoute(pathname);
  const previous = useRef(pathname);

  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    // A new page: start at the top and put keyboard and screen reader focus at its content.
    window.scrollTo(0, 0);
    document.getElementById('maincontent')?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <Layout current={sectionOf(route)}>
      <Page route={route} />
    </Layout>
  );
}
