import { describeKilledWrites } from '../support/killed-write';

describeKilledWrites([0, 10]);
