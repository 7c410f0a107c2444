import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import { IsNotBlank, QueryInt, strictQueryInteger } from './input-rules';

class Query {
  @QueryInt({ min: 1, max: 200, default: 50 })
  pageSize?: number;
}

class Named {
  @IsString()
  @IsNotBlank()
  name: string;
}

const problems = (cls: new () => object, plain: object) =>
  validateSync(plainToInstance(cls, plain)).flatMap((e) => Object.keys(e.constraints ?? {}).map((rule) => `${e.property}:${rule}`));

describe('input rules', () => {
  it('reads only decimal digits as a query number', () => {
    expect(strictQueryInteger('16')).toBe(16);
    for (const raw of ['0x10', 'abc', 'NaN', '1e3', '1.5', '-1', '', ' 1', '1234567890123456', ['1', '2']]) {
      expect(strictQueryInteger(raw)).toBe(raw);
    }
  });

  it('refuses a query number that is not decimal digits with one isInt problem, and out of range with min or max', () => {
    expect(problems(Query, {})).toEqual([]);
    expect(problems(Query, { pageSize: '200' })).toEqual([]);
    expect(problems(Query, { pageSize: '0x10' })).toEqual(['pageSize:isInt']);
    expect(problems(Query, { pageSize: '' })).toEqual(['pageSize:isInt']);
    expect(problems(Query, { pageSize: '0' })).toEqual(['pageSize:min']);
    expect(problems(Query, { pageSize: '201' })).toEqual(['pageSize:max']);
  });

  it('refuses text of only white space, the ideographic space included', () => {
    expect(problems(Named, { name: ' 王 ' })).toEqual([]);
    for (const name of ['', ' ', '\t\n', '\u3000', '\u00a0']) expect(problems(Named, { name })).toEqual(['name:isNotBlank']);
  });
});
