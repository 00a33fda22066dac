// The app shell: prerendered once at build time, empty (no server rendering), and precached by the service
// worker, which answers every page navigation with it. In the browser the router then renders the URL
// that was asked for, so /tasks/123 opened offline shows the task page, not this one.
export const prerender = true;
export const ssr = false;
