import { DynamicModule, Global, Module } from '@nestjs/common';
import { HOUSEHOLDS_OPTIONS, HouseholdsClient, HouseholdsOptions } from './households.client';

/** The households service as case-api reads it (HOUSEHOLDS_URL): the registry that says where a household belongs. */
@Global()
@Module({})
export class HouseholdsModule {
  static forRoot(options: HouseholdsOptions): DynamicModule {
    return {
      module: HouseholdsModule,
      providers: [{ provide: HOUSEHOLDS_OPTIONS, useValue: options }, HouseholdsClient],
      exports: [HouseholdsClient],
    };
  }
}
