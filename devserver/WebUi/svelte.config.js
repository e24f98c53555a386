import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// A static single-page app: every page renders in the browser, and the dev server answers any path that is not
// a file with index.html, so deep links into the UI work.
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }),
    output: { bundleStrategy: 'split' },
  },
};
