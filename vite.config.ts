import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console lives in web/; the API server proxies nothing in production (it serves web/dist itself).
export default defineConfig({
  root: 'web',
  plugins: [react()],
  // The validation rules the server checks, shared with the console's forms (server/src/contract/rules.ts).
  resolve: {
    alias: {
      '@tessera/rules': fileURLToPath(new URL('server/src/contract/rules.ts', import.meta.url)),
      '@tessera/return-path': fileURLToPath(new URL('server/src/contract/return-path.ts', import.meta.url)),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // What every page needs, in one file that stays cached across pages and deploys of the app's own code.
            // Radix and zod stay out: they load with the dialogs and the menu that use them.
            { name: 'vendor', test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000', '/oauth2': 'http://127.0.0.1:3000', '/v3': 'http://127.0.0.1:3000' },
  },
});
