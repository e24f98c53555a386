import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  // The UI library reads its API's origin from VITE_API: empty means the origin it is served from.
  define: { 'import.meta.env.VITE_API': JSON.stringify('') },
  build: {
    // The UI library is large (editors, charts); minifying it costs build time a local ops tool does not need.
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 10_000,
  },
});
