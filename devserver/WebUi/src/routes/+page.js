import { redirect } from '@sveltejs/kit';

export async function load({ parent }) {
  const { settings } = await parent();
  redirect(302, `/namespaces/${settings.defaultNamespace}/workflows`);
}
