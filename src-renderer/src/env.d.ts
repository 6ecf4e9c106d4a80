// Vite turns CSS imports into style tags; TypeScript only needs to know they exist.
declare module '*.css';

// `?raw` imports (the data models) come in as text.
declare module '*?raw' {
  const text: string;
  export default text;
}
