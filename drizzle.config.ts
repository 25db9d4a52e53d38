/** drizzle-kit settings for the facade's derived SQLite index (api/index). */
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./api/index/schema.ts",
  out: "./api/index/migrations",
});
