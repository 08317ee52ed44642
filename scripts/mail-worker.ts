// `npm run mail:worker`: the mail worker on its own, for a deployment that runs it apart from the
// web server (docs/decisions/011-email-outbox.md). Two on one database never claim one message at once.
import { startMailWorker } from "../app/utils/mail-worker.server";

const worker = startMailWorker();
if (!worker.running) {
  console.error("Set SMTP_URL to send email. Until then the outbox at /admin/outbox is the delivery.");
  process.exit(1);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void worker.stop().then(() => process.exit(0));
  });
}
