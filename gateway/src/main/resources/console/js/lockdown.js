import {layout} from './ui.js';

layout('lockdown');
