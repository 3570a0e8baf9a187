import { describeKilledWrites } from '../support/killed-write';

// The later kill points, in a file of their own so that jest runs them next to the earlier ones.
describeKilledWrites([40, 120]);
