import { run } from './main.js'

// A cancelled run may leave a timer or socket behind; the runner waits for the process, not for them.
const report = await run()
if (report.result === 'cancelled') process.exit(1)
