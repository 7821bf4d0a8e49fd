import { defineConfig } from 'vite';

// The API serves index.html at /graphql and everything else under /graphiql/ (src/Api/Endpoint/GraphiQLPage.cs),
// so asset URLs are absolute under that path. The output is git-ignored and rebuilt by the API's build.
export default defineConfig({
  base: '/graphiql/',
  build: {
    outDir: '../wwwroot/graphiql',
    emptyOutDir: true,
    // GraphiQL with the Monaco editor is large by nature; it is loaded once per browser session.
    chunkSizeWarningLimit: 6000,
    reportCompressedSize: false,
    rollupOptions: {
      // React libraries mark their modules "use client", which means nothing in a plain browser bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') {
          warn(warning);
        }
      },
    },
  },
});
