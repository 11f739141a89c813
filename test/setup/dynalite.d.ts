/** Minimal types for dynalite (the package ships none): the in-process server factory. */
declare module 'dynalite' {
  interface DynaliteServer {
    listen(port: number, host: string, cb: () => void): void;
    address(): { port: number };
    close(cb: () => void): void;
  }
  function dynalite(options: {
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
  }): DynaliteServer;
  export default dynalite;
}
