// npm run action: the inputs given, action.yml's defaults for the rest, as a runner sets them.
import { actionEnv } from '../../scripts/run-action.js'

test('defaults applied, the inputs given kept, the job token from GITHUB_TOKEN or nothing', () => {
  const env = actionEnv(['operation=status', 'pods=web-1,web-2'], {})
  expect(env).toMatchObject({
    INPUT_OPERATION: 'status',
    INPUT_PODS: 'web-1,web-2',
    INPUT_WAIT: 'true',
    INPUT_ROLLBACK: 'true',
    INPUT_TIMEOUT: '10m',
    'INPUT_GITHUB-TOKEN': ''
  })
  expect(actionEnv([], { GITHUB_TOKEN: 'ghs_x' })['INPUT_GITHUB-TOKEN']).toBe('ghs_x')
  expect(actionEnv(['verify-url=http://a/?x=1=2'], {})['INPUT_VERIFY-URL']).toBe('http://a/?x=1=2')
})

test('an input action.yml lacks is refused with the closest name', () => {
  expect(() => actionEnv(['operatoin=status'], {})).toThrow(
    'action.yml has no input operatoin; did you mean operation?'
  )
  expect(() => actionEnv(['status'], {})).toThrow('status: write input=value')
})
