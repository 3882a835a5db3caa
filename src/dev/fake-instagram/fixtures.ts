/**
 * Demo accounts, one of each account type, for `npm run demo`, the benchmark
 * and tests. The IDs have the real shape: 17 digits, above 2^53
 * (9007199254740992), and are odd, so no double can hold them: a client that
 * parses them as JS numbers changes their last digit.
 */
import type { FakeUser } from './types.js';

export const demoUsers: FakeUser[] = [
  {
    username: 'lumen.coffee',
    userId: '17841400774391235',
    name: 'Lumen Coffee Roasters',
    accountType: 'Business',
    profilePictureUrl: 'https://picsum.photos/seed/lumen-coffee/320/320',
    followersCount: 12840,
    followsCount: 311,
    mediaCount: 482,
    biography: 'Small-batch roastery. Beans shipped every Monday.',
    website: 'https://lumen-coffee.example',
  },
  {
    username: 'marta.makes',
    userId: '17841405793187219',
    name: 'Marta Oliveira',
    accountType: 'Media_Creator',
    profilePictureUrl: 'https://picsum.photos/seed/marta-makes/320/320',
    followersCount: 53210,
    followsCount: 904,
    mediaCount: 1207,
    biography: 'Ceramics, glazes and studio life.',
  },
  {
    username: 'jonas.personal',
    userId: '17841412345678903',
    name: 'Jonas Berg',
    accountType: 'Personal',
    profilePictureUrl: 'https://picsum.photos/seed/jonas-personal/320/320',
    followersCount: 187,
    followsCount: 240,
    mediaCount: 36,
  },
];
