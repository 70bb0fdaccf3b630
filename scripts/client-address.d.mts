// scripts/client-address.mjs exports nothing: importing it installs the preload (tests do).
export {};
