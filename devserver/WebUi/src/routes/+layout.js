import i18next from 'i18next';
import Locales from '@temporalio/ui/i18n/locales/index';
import { i18nNamespaces } from '@temporalio/ui/i18n/index';
import { fetchSettings } from '@temporalio/ui/services/settings-service';
import { fetchCluster, fetchSystemInfo } from '@temporalio/ui/services/cluster-service';
import { fetchNamespaces } from '@temporalio/ui/services/namespaces-service';

// Everything renders in the browser: the dev server serves only static files and the API.
export const ssr = false;
export const prerender = false;

let translations;

const initTranslations = () =>
  (translations ??= i18next.init({ lng: 'en', fallbackLng: 'en', ns: i18nNamespaces, resources: Locales, interpolation: { escapeValue: false } }));

// What every page reads from $page.data: the UI server's settings, and the cluster (its version decides features).
export async function load({ fetch }) {
  await initTranslations();
  const settings = await fetchSettings(fetch);
  const [cluster, systemInfo] = await Promise.all([fetchCluster(settings, fetch), fetchSystemInfo(settings, fetch)]);
  await fetchNamespaces(settings, fetch);
  return { settings, cluster, systemInfo };
}
