import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from '#channels/email/sanitize-html.ts';

const link = (href: string) => sanitizeHtml(`<a href="${href}">x</a>`);
const image = (src: string) => sanitizeHtml(`<img src="${src}">`);
const styled = (style: string) => sanitizeHtml(`<p style="${style}">t</p>`);

describe('link and image schemes', () => {
  it.each([
    'https:javascript:alert(1)',
    'http:javascript:alert(1)',
    'https://javascript:alert(1)',
    'tel:javascript:alert(1)',
    'mailto:javascript:alert(1)',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java&#x09;script:alert(1)',
    'java&Tab;script:alert(1)',
    'java&#x0A;script:alert(1)',
    '&#106;avascript:alert(1)',
    '&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)',
    'javascript&colon;alert(1)',
    ' &#1;&#14; javascript:alert(1)',
    '&#x200b;javascript:alert(1)',
    'jav&#0;ascript:alert(1)',
    'vbscript:msgbox(1)',
    'VBScript:msgbox(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'data:image/png;base64,iVBORw0KGgo=',
    '//evil.example/x',
    '\\\\evil.example/x',
    '/relative/path',
    'relative.html',
    '#section',
    'ftp://files.example/x',
    'file:///etc/passwd',
  ])('drops a link to %s', (href) => {
    expect(link(href)).toBe('<a>x</a>');
  });

  it.each([
    ['https://shop.example/order?id=1&amp;a=b', 'https://shop.example/order?id=1&amp;a=b'],
    ['  HTTPS://Shop.Example/a b', 'https://shop.example/a%20b'],
    ['http://shop.example', 'http://shop.example/'],
    ['mailto:help@shop.example?subject=Order 1', 'mailto:help@shop.example?subject=Order 1'],
    ['tel:+1 (415) 555-0100', 'tel:+1(415)555-0100'],
  ])('keeps a link to %s as %s', (href, kept) => {
    expect(link(href)).toBe(`<a href="${kept}" target="_blank" rel="noopener noreferrer nofollow">x</a>`);
  });

  it.each([
    'javascript:alert(1)',
    'http://tracker.example/p.gif',
    'https:javascript:alert(1)',
    '//tracker.example/p.gif',
    'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
    'data:text/html,<script>alert(1)</script>',
    'data:image/png,not-base64',
    'cid:unknown@x',
  ])('drops an image from %s', (src) => {
    expect(image(src)).toBe('<img>');
  });

  it('keeps HTTPS, stored inline and inline data images', () => {
    expect(image('https://cdn.example/logo.png')).toBe('<img src="https://cdn.example/logo.png">');
    expect(image('data:image/gif;base64,R0lGODlhAQABAAAAACw=')).toBe(
      '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">',
    );
    expect(sanitizeHtml('<img src="cid:&lt;logo@x&gt;">', { inlineImages: { 'logo@x': 's3://b/k' } })).toBe(
      '<img src="cid:logo@x">',
    );
  });
});

describe('inline styles', () => {
  it.each([
    'margin-top:-9999px',
    'margin:0 -20px',
    'padding-left:-1px',
    'margin:500px',
    'font-size:9999%',
    'font-size:200px',
    'font-size:0',
    'font-size:1px',
    'position:fixed',
    'position:absolute;top:0;left:0',
    'z-index:2147483647',
    'width:99999px',
    'height:5000px',
    'width:300%',
    'transform:translateY(-100px)',
    'width:expression(alert(1))',
    'color:expression(alert(1))',
    'background-color:url(https://t.example/p.gif)',
    'background:url(https://t.example/p.gif)',
    'behavior:url(x.htc)',
    '-moz-binding:url(x.xml#xss)',
    '@import url(https://t.example/s.css)',
    'display:none',
    'visibility:hidden',
    'opacity:0',
    'colo\\72:red',
    'color:r\\65 d',
    'color:/**/red',
  ])('drops %s', (style) => {
    expect(styled(style)).toBe('<p>t</p>');
  });

  it('keeps bounded presentation and drops the rest declaration by declaration', () => {
    expect(
      styled(
        'color:#336699; background-color:rgb(250, 250, 250); font-weight:bold; font-style:italic; ' +
          'text-decoration:underline; text-align:center; font-size:14px !important; padding:4px 8px; ' +
          'margin:0 auto; border:1px solid #ccc; width:600px; max-width:100%; position:fixed; margin-left:-5px',
      ),
    ).toBe(
      '<p style="color: #336699; background-color: rgb(250, 250, 250); font-weight: bold; ' +
        'font-style: italic; text-decoration: underline; text-align: center; font-size: 14px; ' +
        'padding: 4px 8px; margin: 0 auto; border: 1px solid #ccc; width: 600px; max-width: 100%">t</p>',
    );
  });

  it.each([
    ['color:red;@import "x"', 'color: red'],
    ['font-family:Arial;}body{display:none', 'font-family: Arial'],
    ['COLOR : Red ; Position : fixed', 'color: Red'],
  ])('keeps only the harmless part of %s', (style, kept) => {
    expect(styled(style)).toBe(`<p style="${kept}">t</p>`);
  });

  it('bounds the size attributes too', () => {
    expect(sanitizeHtml('<table width="100%"><tr><td width="99999" height="-5">x</td></tr></table>')).toBe(
      '<table width="100%"><tr><td>x</td></tr></table>',
    );
  });
});

describe('elements that hold raw text or nothing shown', () => {
  it.each([
    ['<p>Hi</p><textarea>draft', '<p>Hi</p>draft'],
    ['<p>Hi</p><select><option>one<p>Order 42 is late</p>', '<p>Hi</p>one<p>Order 42 is late</p>'],
    ['<textarea>typed<p>Order 42 is late</p>', 'typed<p>Order 42 is late</p>'],
    ['<title>Subject<p>Order 42 is late</p>', 'Subject<p>Order 42 is late</p>'],
    ['<xmp><p>Order 42 is late</p>', '<p>Order 42 is late</p>'],
    ['<style>p{color:red}<p>Order 42 is late</p>', 'p{color:red}<p>Order 42 is late</p>'],
    ['<script>x()<p>Order 42 is late</p>', 'x()<p>Order 42 is late</p>'],
    ['<noscript><p>Order 42 is late</p>', '<p>Order 42 is late</p>'],
    ['<noembed><p>Order 42 is late</p>', '<p>Order 42 is late</p>'],
    ['<noframes><p>Order 42 is late</p>', '<p>Order 42 is late</p>'],
    ['<plaintext><p>Order 42 is late</p>', '<p>Order 42 is late</p>'],
    ['<iframe src="https://x.example"><p>Order 42 is late</p>', '<p>Order 42 is late</p>'],
    ['<template><p>Order 42 is late</p>', '<p>Order 42 is late</p>'],
    ['<svg><circle r="1"/><p>Order 42 is late</p>', '<p>Order 42 is late</p>'],
    ['<math><mi>x</mi><p>Order 42 is late</p>', 'x<p>Order 42 is late</p>'],
    [
      '<form action="https://x.example"><input name="a"><button>Go</button><p>Order 42</p>',
      'Go<p>Order 42</p>',
    ],
  ])('keeps what follows an unclosed element: %s', (input, output) => {
    expect(sanitizeHtml(input)).toBe(output);
  });

  it('drops scripts, styles, titles, templates and foreign content that are closed', () => {
    expect(
      sanitizeHtml(
        '<title>t</title><style>p{}</style><script>x()</script><template><p>t</p></template>' +
          '<svg><text>s</text></svg><math><mi>m</mi></math><p>Order 42</p>',
      ),
    ).toBe('<p>Order 42</p>');
  });

  it('keeps the text of a closed textarea and select, and what follows them', () => {
    expect(
      sanitizeHtml('<textarea><b>typed</b></textarea><select><option>one</option></select><p>after</p>'),
    ).toBe('&lt;b&gt;typed&lt;/b&gt;one<p>after</p>');
  });

  it('keeps nesting as deep as mail nests, and every word of deeper markup', () => {
    const nested = (depth: number) => `${'<div>'.repeat(depth)}deep${'</div>'.repeat(depth)}<p>after</p>`;
    expect(sanitizeHtml(nested(200))).toBe(nested(200));
    const deeper = sanitizeHtml(nested(20_000));
    expect(deeper.match(/<div>/g)).toHaveLength(20_000);
    expect(deeper).toMatch(/deep(<\/div>)+<p>after<\/p>/);
    expect(sanitizeHtml(`${'<textarea>'.repeat(5_000)}<p>after</p>`)).toBe('<p>after</p>');
  });
});
