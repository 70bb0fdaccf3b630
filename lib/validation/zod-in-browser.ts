import { z } from "zod";

// In the browser, zod's object parsers would probe `new Function` once to decide whether to
// compile themselves; the page's CSP refuses eval, and the browser reports the (caught) probe as a
// policy violation. Imported first by every module that parses with zod on the client. The server
// keeps the compiled parsers (ingest validation is on the hot path there).
if (typeof window !== "undefined") z.config({ jitless: true });
