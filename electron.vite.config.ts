import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// electron-vite only discovers src/main, src/preload and src/renderer by itself; our folders are named
// for the architecture, so every entry is explicit.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      minify: true,
      rolldownOptions: {
        input: {
          electron: resolve(__dirname, 'src-main/electron/main.ts'),
          cli: resolve(__dirname, 'src-main/cli/index.ts'),
          // The proxy's decode worker thread, loaded by file (src-main/decode-worker/decode-pool.ts).
          'decode-worker': resolve(__dirname, 'src-main/decode-worker/decode-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require() packages: bundle everything it imports, emit CommonJS.
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: resolve(__dirname, 'src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react()],
    server: { host: '127.0.0.1' },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      minify: true,
      rolldownOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
    },
  },
});
