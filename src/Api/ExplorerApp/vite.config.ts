import { defineConfig } from 'vite';

// The API serves index.html at / and at every client-side route, and the assets under /explorer/
// (src/Api/Explorer/ExplorerSite.cs), so asset URLs are absolute under that path. The output is git-ignored and
// rebuilt by the API's build.
export default defineConfig({
  base: '/explorer/',
  build: {
    outDir: '../wwwroot/explorer',
    emptyOutDir: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1200,
  },
});
