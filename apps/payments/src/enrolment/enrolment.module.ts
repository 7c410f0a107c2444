import { Module } from '@nestjs/common';
import { StandardsModule } from '../standards/standards.module';
import { CaseEventsController } from './case-events.controller';
import { EnrolmentController } from './enrolment.controller';
import { EnrolmentService } from './enrolment.service';

@Module({
  imports: [StandardsModule],
  controllers: [EnrolmentController, CaseEventsController],
  providers: [EnrolmentService],
})
export class EnrolmentModule {}
