// Vitest runs server modules outside Next; the real "server-only" guard is for the bundler.
export {};
