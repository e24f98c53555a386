// Imported by path: the package's exports map offers no subpath that a config loader can require.
import temporalPreset from './node_modules/@temporalio/ui/dist/theme/preset.js';

// The UI library's components are styled with Tailwind classes and its theme: scan them so their classes are built.
export default {
  presets: [temporalPreset],
  content: ['./src/**/*.{html,js,svelte}', './node_modules/@temporalio/ui/dist/**/*.{svelte,js}'],
};
