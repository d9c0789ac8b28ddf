import autocannon from 'autocannon';
const ports = process.argv.slice(2).map(Number);
for (const round of [1,2]) for (const port of ports) {
  const r = await autocannon({ url: `http://127.0.0.1:${port}/mcp`, method: 'POST', connections: 10, duration: 3, headers: {'content-type':'application/json'}, body: JSON.stringify({jsonrpc:'2.0',id:1,method:'tools/call',params:{name:'x',arguments:{}}}) });
  console.log(port, r.requests.average, r.non2xx);
}
