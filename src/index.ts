import { hello } from './hello.js'
console.log(hello())
