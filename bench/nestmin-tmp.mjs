import 'reflect-metadata';
import http from 'node:http';
import express from 'express';
import { Controller, Module, Post, Req, Res, UseGuards, Injectable } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
const body = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'This is a simple text response for testing.' }] } });
function reply(req, res) { const chunks=[]; req.on('data',c=>chunks.push(c)); req.on('end',()=>{ JSON.parse(Buffer.concat(chunks).toString()); res.writeHead(200,{'content-type':'application/json','content-length':Buffer.byteLength(body)}); res.end(body); }); }
const mode = process.argv[2]; const port = Number(process.argv[3]);
if (mode === 'raw') http.createServer((req,res)=>reply(req,res)).listen(port, '127.0.0.1');
else if (mode === 'express') { const app = express(); app.post('/mcp', reply); app.listen(port, '127.0.0.1'); }
else if (!['proto','express-pre','express-pre2'].includes(mode)) {
  class G { canActivate() { return true; } }
  Injectable()(G);
  class C { post(req, res) { reply(req, res); } }
  Post('mcp')(C.prototype, 'post', Object.getOwnPropertyDescriptor(C.prototype, 'post'));
  Req()(C.prototype, 'post', 0); Res()(C.prototype, 'post', 1);
  if (mode === 'guards') UseGuards(G, G, G, G)(C);
  Controller()(C);
  class M {} Module({ controllers: [C], providers: [G] })(M);
  const app = await NestFactory.create(M, { logger: false, bodyParser: false });
  await app.listen(port, '127.0.0.1');
}
if (mode === 'proto') {
  const reqProto = Object.create(http.IncomingMessage.prototype, { header: { value(n) { return this.headers[n.toLowerCase()]; } } });
  const resProto = Object.create(http.ServerResponse.prototype, { status: { value(c) { this.statusCode = c; return this; } } });
  http.createServer((req,res)=>{ Object.setPrototypeOf(req, reqProto); Object.setPrototypeOf(res, resProto); reply(req,res); }).listen(port, '127.0.0.1');
}
if (mode === 'express-pre') {
  const app = express(); app.post('/mcp', reply);
  function Incoming(socket) { return Reflect.construct(http.IncomingMessage, [socket], Incoming); }
  Incoming.prototype = app.request;
  function Outgoing(req, options) { return Reflect.construct(http.ServerResponse, [req, options], Outgoing); }
  Outgoing.prototype = app.response;
  http.createServer({ IncomingMessage: Incoming, ServerResponse: Outgoing }, app).listen(port, '127.0.0.1');
}
if (mode === 'express-pre2') {
  const app = express(); app.post('/mcp', reply);
  function Incoming(socket) { http.IncomingMessage.call(this, socket); }
  Incoming.prototype = app.request;
  function Outgoing(req, options) { http.ServerResponse.call(this, req, options); }
  Outgoing.prototype = app.response;
  http.createServer({ IncomingMessage: Incoming, ServerResponse: Outgoing }, app).listen(port, '127.0.0.1');
}
