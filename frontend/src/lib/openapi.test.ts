import { describe, expect, it } from 'vitest';
import { describeSchema, readOpenApi, sampleBody, sampleQuery } from './openapi';

const doc = {
  openapi: '3.0.3',
  info: { title: 'Weather', version: '1.2.0', description: 'Forecasts for cities.' },
  servers: [{ url: 'https://api.weather.example' }],
  tags: [{ name: 'forecast', description: 'Forecasts' }],
  paths: {
    '/forecast/{city}': {
      parameters: [{ name: 'city', in: 'path', schema: { type: 'string' }, description: 'City name' }],
      get: {
        tags: ['forecast'],
        summary: 'Get a forecast',
        operationId: 'getForecast',
        parameters: [
          { name: 'days', in: 'query', schema: { type: 'integer', format: 'int32' }, example: 3 },
          { $ref: '#/components/parameters/Units' },
        ],
        responses: {
          '404': { description: 'Unknown city' },
          '200': {
            description: 'The forecast',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Forecast' } } },
          },
        },
      },
    },
    '/alerts': {
      post: {
        summary: 'Subscribe to alerts',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Alert' } } },
        },
        responses: { '201': { description: 'Created' } },
      },
    },
  },
  components: {
    parameters: { Units: { name: 'units', in: 'query', schema: { type: 'string', enum: ['metric', 'imperial'] } } },
    schemas: {
      Forecast: {
        type: 'object',
        required: ['city'],
        properties: {
          city: { type: 'string' },
          days: { type: 'array', items: { $ref: '#/components/schemas/Day' } },
        },
      },
      Day: { type: 'object', properties: { date: { type: 'string', format: 'date' }, next: { $ref: '#/components/schemas/Day' } } },
      Alert: { type: 'object', properties: { city: { type: 'string', example: 'Berlin' }, level: { type: 'integer' } } },
    },
  },
};

describe('readOpenApi', () => {
  it('reads the title, servers and operations grouped by tag', () => {
    const m = readOpenApi(doc);
    expect(m.title).toBe('Weather');
    expect(m.version).toBe('1.2.0');
    expect(m.servers).toEqual(['https://api.weather.example']);
    expect(m.groups.map((g) => g.tag)).toEqual(['forecast', '']);
    expect(m.operations.map((o) => o.key)).toEqual(['GET /forecast/{city}', 'POST /alerts']);
  });

  it('merges path and operation parameters and follows references', () => {
    const get = readOpenApi(doc).operations[0];
    expect(get.parameters.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual([
      'path:city:true',
      'query:days:false',
      'query:units:false',
    ]);
    expect(get.parameters[1].schema?.label).toBe('integer (int32)');
    expect(get.parameters[2].schema?.enumValues).toEqual(['metric', 'imperial']);
    expect(sampleQuery(get)).toBe('days=3');
    expect(get.responses.map((r) => r.status)).toEqual(['200', '404']);
    const body = get.responses[0].content[0].schema!;
    expect(body.label).toBe('Forecast');
    expect(body.properties?.map((p) => `${p.name}:${p.schema.label}:${p.required}`)).toEqual([
      'city:string:true',
      'days:array of Day:false',
    ]);
  });

  it('stops at a reference cycle instead of looping', () => {
    const day = describeSchema(doc, { $ref: '#/components/schemas/Day' });
    const next = day.properties?.find((p) => p.name === 'next')?.schema;
    expect(next).toMatchObject({ label: 'Day', truncated: true });
  });

  it('builds a sample request body from the schema and its examples', () => {
    const post = readOpenApi(doc).operations[1];
    expect(post.requestBody?.required).toBe(true);
    expect(JSON.parse(sampleBody(post.requestBody?.content[0]))).toEqual({ city: 'Berlin', level: 0 });
  });

  it('refuses what is not an OpenAPI document', () => {
    expect(() => readOpenApi({ hello: 'world' })).toThrow('no "openapi" version');
    expect(() => readOpenApi('text')).toThrow('not a JSON object');
  });
});
