// The re-indenter lives in src-shared: the HTML test report (main) pretty-prints bodies the same way.
export { prettyXml } from '../../../src-shared/traffic/xml-pretty';
