import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// The web UI is built into dist/web and served by the Kasus server itself.
export default defineConfig({
  root: 'src/web',
  plugins: [
    react(),
    // Installable web app (issue 16, C10): the app shell is precached so the capture page opens with
    // no server; API answers are never cached (they are personal data and must be current).
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      // Registered from main.tsx (not on the read-only offline copy).
      injectRegister: false,
      includeAssets: ['icon.svg'],
      manifest: {
        name: 'Kasus',
        short_name: 'Kasus',
        description: 'Kliniskt bildarkiv',
        lang: 'sv',
        start_url: '/capture',
        scope: '/',
        display: 'standalone',
        theme_color: '#1a5fb4',
        background_color: '#f4f5f7',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        // The EHR's launch links are the server's (a redirect with the session cookie), never the cached app.
        navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/launch(\/|\?|$)/],
        // Only the precache: no runtime caching of anything else, the API least of all.
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // Libraries change less often than Kasus's own code: a chunk of their own stays cached across upgrades.
    rollupOptions: { output: { manualChunks: (id) => (id.includes('/node_modules/') ? 'vendor' : undefined) } },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
