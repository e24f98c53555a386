import { get } from 'svelte/store';
import { fetchSearchAttributesForNamespace } from '@temporalio/ui/services/search-attributes-service';
import { allSearchAttributes } from '@temporalio/ui/stores/search-attributes';
import { lastUsedNamespace } from '@temporalio/ui/stores/namespaces';

// The filters offer the namespace's search attributes, so they are read before its pages open.
export async function load({ params, fetch }) {
  if (get(lastUsedNamespace) !== params.namespace) {
    lastUsedNamespace.set(params.namespace);
  }
  allSearchAttributes.set(await fetchSearchAttributesForNamespace(params.namespace, fetch));
}
